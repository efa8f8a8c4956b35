using System.Text;
using PortReservation.Recording;

namespace PortReservation.App.Fidelity;

/// <summary>selftest's table: step, the fake's answer (expected), the adapter's (got), and whether they agree.</summary>
internal static class SelfTestTable
{
    /// <summary>One row per step, in columns; a row that disagrees says what differs below it.</summary>
    public static string Render(IReadOnlyList<string> labels, ReplayReport report)
    {
        var rows = report.Steps.Select((step, i) => (
            Number: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Step: i < labels.Count ? labels[i] : TraceReplay.Describe(step.Call),
            step.Expected,
            step.Got,
            Agree: step.Agrees ? "yes" : "NO",
            step.Difference)).ToList();
        var widths = new[]
        {
            Math.Max(1, rows.Select(r => r.Number.Length).DefaultIfEmpty(0).Max()),
            Math.Max(4, rows.Select(r => r.Step.Length).DefaultIfEmpty(0).Max()),
            Math.Max(8, rows.Select(r => r.Expected.Length).DefaultIfEmpty(0).Max()),
            Math.Max(3, rows.Select(r => r.Got.Length).DefaultIfEmpty(0).Max()),
        };
        var text = new StringBuilder();
        void Row(string number, string step, string expected, string got, string agree) =>
            text.Append(number.PadLeft(widths[0])).Append("  ").Append(step.PadRight(widths[1])).Append("  ")
                .Append(expected.PadRight(widths[2])).Append("  ").Append(got.PadRight(widths[3])).Append("  ").Append(agree).Append('\n');
        Row("#", "step", "expected", "got", "agree");
        foreach (var row in rows)
        {
            Row(row.Number, row.Step, row.Expected, row.Got, row.Agree);
            if (row.Difference is not null)
            {
                text.Append(new string(' ', widths[0] + 2)).Append("  ^ ").Append(row.Difference).Append('\n');
            }
        }

        return text.ToString();
    }
}

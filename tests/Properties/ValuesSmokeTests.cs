using PortReservation.Domain;

namespace PortReservation.Properties;

public class DefaultsTests
{
    [Fact]
    public void The_default_dynamic_range_is_49152_to_65535()
    {
        var range = DynamicPortRange.Default.Range;
        Assert.Equal((49152, 65535, 16384), (range.Start.Value, range.End.Value, range.Count));
    }
}

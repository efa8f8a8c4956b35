using LanguageExt;
using LanguageExt.Common;
using PortReservation.Domain;

namespace PortReservation.Recording;

/// <summary>A whole trace: its header and its calls, each with the line of the file it came from.</summary>
/// <param name="Header">The first line.</param>
/// <param name="Calls">The calls in order.</param>
public sealed record Trace(TraceHeader Header, IReadOnlyList<TraceLine> Calls);

/// <summary>A call and its line number in the trace (the header is line 1).</summary>
/// <param name="Line">The line number, from 1.</param>
/// <param name="Call">The call.</param>
public sealed record TraceLine(int Line, TraceCall Call);

/// <summary>Why a text is not a trace: the line and what is wrong with it. Its code is ERROR_INVALID_PARAMETER (87).</summary>
/// <param name="Line">The line number, from 1.</param>
/// <param name="Reason">What is wrong, as part of a sentence.</param>
public sealed record TraceProblem(int Line, string Reason)
    : Expected($"line {Line} is not a trace line: {Reason}", WindowsCodes.ERROR_INVALID_PARAMETER, Option<Error>.None);

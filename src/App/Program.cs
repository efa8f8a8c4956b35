using PortReservation.App.Cli;
using PortReservation.App.Host;
using PortReservation.App.Machine;

var (stdout, stderr) = StandardStreams.Open();
return new PortresCli(stdout, stderr, HostServices.Real).Invoke(args);

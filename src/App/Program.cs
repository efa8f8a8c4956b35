using PortReservation.App.Cli;
using PortReservation.App.Machine;

return new PortresCli(Console.Out, Console.Error, HostServices.Real).Invoke(args);

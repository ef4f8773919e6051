using System.CommandLine;
using Obs.Cli.Commands;
using Obs.NodeAgent.Commands;

var root = new RootCommand("Obs: a Kubernetes-compatible orchestrator that watches itself")
{
    ClusterCommands.Up(),
    ClusterCommands.Down(),
    ClusterCommands.Status(),
    ApiServerCommand.Create(),
    ControllersCommand.Create(),
    SchedulerCommand.Create(),
    AgentCommand.Create(),
    AlertsCommand.Create(),
    DashboardCommand.Create(),
};
// SIGTERM cancels a command and waits this long for it to finish: a stopping agent stops its pods first.
return await TerminationSignals.InvokeAsync(root.Parse(args), TimeSpan.FromSeconds(30));

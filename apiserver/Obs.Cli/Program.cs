using System.CommandLine;
using Obs.Cli.Commands;

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
return await root.Parse(args).InvokeAsync();

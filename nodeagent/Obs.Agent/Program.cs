using System.CommandLine;
using Obs.NodeAgent.Commands;

// SIGTERM cancels the agent and waits this long for it to finish: a stopping agent stops its pods first.
return await AgentCommand.CreateRoot().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });

using Obs.NodeAgent.Commands;

// SIGTERM cancels the agent and waits this long for it to finish: a stopping agent stops its pods first.
return await TerminationSignals.InvokeAsync(AgentCommand.CreateRoot().Parse(args), TimeSpan.FromSeconds(30));

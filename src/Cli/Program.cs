// Entry point of the `engine` command.
return Engine.Cli.EngineCommand.Run(args);

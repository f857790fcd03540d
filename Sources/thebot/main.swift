import App

// Parses and runs the command ourselves: `TheBot.main()` from top-level code resolves to the
// synchronous entry point, which refuses asynchronous subcommands.
await TheBot.run(arguments: Array(CommandLine.arguments.dropFirst()))

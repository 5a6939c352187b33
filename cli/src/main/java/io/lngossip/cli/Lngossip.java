package io.lngossip.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lngossip} command: one entry point for the project's tools. */
@Command(
        name = "lngossip",
        mixinStandardHelpOptions = true,
        versionProvider = Lngossip.Version.class,
        description = "A time machine for the Lightning Network's gossip.",
        subcommands = {InspectCommand.class, DemoCommand.class, ImportCommand.class, PublishCommand.class,
            ReplayCommand.class,
            RebuildCheckpointsCommand.class, PluginCommand.class, GenerateCommand.class,
            CommandLine.HelpCommand.class})
public final class Lngossip {

    public static void main(String[] args) {
        // our logging setup, not the one a test-kit jar on the class path brings along
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "lngossip-log4j2.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line, ready to execute; tests call this with their own output streams. */
    public static CommandLine commandLine() {
        return new CommandLine(new Lngossip()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Lngossip.class.getPackage().getImplementationVersion();
            return new String[] {"lngossip " + (v == null ? "(development build)" : v)};
        }
    }
}

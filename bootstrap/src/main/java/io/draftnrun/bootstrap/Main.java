package io.draftnrun.bootstrap;

import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point: {@code draftnrun <serve|worker|migrate|seed|dev>}. Sets up logging before anything logs (the logback
 * file can be replaced with {@code LOGBACK_CONFIG_FILE}), then runs the command. Invalid configuration ends the
 * process with one line naming the setting and exit code 2.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String logConfig = System.getenv("LOGBACK_CONFIG_FILE");
        if (logConfig != null && !logConfig.isBlank() && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", logConfig);
        }
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        String command = args.length == 0 ? "help" : args[0].toLowerCase(Locale.ROOT);
        try {
            int code = Commands.run(command, Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
            if (code != 0) {
                System.exit(code);
            }
        } catch (ConfigException e) {
            System.err.println("draftnrun: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).error("startup failed", e);
            System.err.println("draftnrun: startup failed: " + e.getMessage());
            System.exit(1);
        }
    }
}

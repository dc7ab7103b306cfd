package io.draftnrun.bootstrap;

import io.draftnrun.application.run.RunReaper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Where this process runs, for the run reaper: the machine as the hostname, the boot and the process namespace (read
 * from /proc on Linux), and the process as its pid and start time. A later process on the same machine, boot and
 * namespace can then tell that an earlier instance's process has ended (no process with that pid, or one started at
 * another time) and fail its runs at once. Elsewhere the host is unique to this process, and only silence tells.
 */
final class Whereabouts {
    private Whereabouts() {}

    static RunReaper.Whereabouts ofThisProcess() {
        ProcessHandle self = ProcessHandle.current();
        return new RunReaper.Whereabouts(host(), process(self), Whereabouts::gone);
    }

    private static String host() {
        Optional<String> name = read(Path.of("/proc/sys/kernel/hostname"));
        Optional<String> boot = read(Path.of("/proc/sys/kernel/random/boot_id"));
        Optional<String> namespace;
        try {
            namespace = Optional.of(
                    Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            namespace = Optional.empty();
        }
        if (name.isEmpty() || boot.isEmpty() || namespace.isEmpty()) {
            return "unknown/" + UUID.randomUUID(); // nothing shared: no other process is judged from here
        }
        return name.get() + "/" + boot.get() + "/" + namespace.get();
    }

    private static String process(ProcessHandle handle) {
        return handle.pid() + "@"
                + handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** Whether the process recorded as {@code pid@startMillis} has ended. */
    static boolean gone(String recorded) {
        int at = recorded.indexOf('@');
        if (at < 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(recorded.substring(0, at));
            long started = Long.parseLong(recorded.substring(at + 1));
            Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            return handle.isEmpty()
                    || handle.get()
                            .info()
                            .startInstant()
                            .map(Instant::toEpochMilli)
                            .map(t -> t != started)
                            .orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip()).filter(s -> !s.isEmpty());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}

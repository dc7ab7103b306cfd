package io.draftnrun.archfixture.application.other;

import java.util.concurrent.Executors;

/** Violates rule 8: an application class, not listed as a thread owner, makes an executor and starts a thread. */
public class SpawnsThreads {
    void work() {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            executor.submit(() -> {});
        }
        Thread.ofVirtual().start(() -> {});
    }
}

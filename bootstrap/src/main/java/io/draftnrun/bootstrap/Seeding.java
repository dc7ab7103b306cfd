package io.draftnrun.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code seed}: writes reference data (component catalog, demo organization). Safe to run again. */
final class Seeding {
    private static final Logger LOG = LoggerFactory.getLogger(Seeding.class);

    private Seeding() {}

    static void seed(Settings settings, Infrastructure infrastructure) {
        LOG.info("seeding: nothing to seed yet");
    }
}

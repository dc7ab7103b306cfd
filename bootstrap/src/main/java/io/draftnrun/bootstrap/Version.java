package io.draftnrun.bootstrap;

/** The version of this build, from the jar manifest (or {@code dev} when run from classes). */
final class Version {
    private Version() {}

    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}

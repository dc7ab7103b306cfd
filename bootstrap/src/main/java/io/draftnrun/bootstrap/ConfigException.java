package io.draftnrun.bootstrap;

/** Invalid configuration: the message is one line naming the setting, safe to print (no secret values). */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

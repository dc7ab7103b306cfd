package io.draftnrun.application.knowledge.port;

/**
 * Signs messages with a key of the server's own, for one purpose (a MAC: only the server can make or check a
 * signature). The same message always gets the same signature; another key or purpose gets another.
 */
public interface MessageSigner {
    byte[] sign(String message);
}

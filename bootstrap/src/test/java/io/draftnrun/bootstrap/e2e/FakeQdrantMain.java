package io.draftnrun.bootstrap.e2e;

import io.draftnrun.adapter.out.qdrant.FakeQdrantServer;

/**
 * The in-process gRPC Qdrant fake of the qdrant adapter's tests as a process of its own, for the cluster test (several
 * {@code serve} and {@code worker} processes sharing one vector store): prints {@code fake qdrant listening on port N},
 * then serves until its standard input closes (its parent test JVM ends or closes it) or it is killed. The optional
 * argument is the API key it requires.
 */
public final class FakeQdrantMain {
    private FakeQdrantMain() {}

    public static void main(String[] args) throws Exception {
        try (FakeQdrantServer server = new FakeQdrantServer(args.length > 0 ? args[0] : null)) {
            System.out.println("fake qdrant listening on port " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent goes away
            }
        }
    }
}

package io.draftnrun.adapter.in.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code /graphiql}: the GraphiQL console and its assets, all served from the jar (webjars), so it works offline.
 * Only the listed assets are served.
 */
public final class GraphiQlRoutes {
    private static final String WEBJARS = "META-INF/resources/webjars/";
    private static final Map<String, String> ASSETS = Map.of(
            "graphiql.min.js", WEBJARS + "graphiql/2.4.7/graphiql.min.js",
            "graphiql.min.css", WEBJARS + "graphiql/2.4.7/graphiql.min.css",
            "react.production.min.js", WEBJARS + "react/18.3.1/umd/react.production.min.js",
            "react-dom.production.min.js", WEBJARS + "react-dom/18.3.1/umd/react-dom.production.min.js",
            "graphql-ws.min.js", WEBJARS + "graphql-ws/5.16.0/umd/graphql-ws.min.js");

    private final byte[] page = read("web/graphiql.html");

    public void page(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(page);
    }

    public void asset(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("file");
        String resource = ASSETS.get(name);
        if (resource == null) {
            res.status(Status.NOT_FOUND_404).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, name.endsWith(".css") ? "text/css" : "text/javascript");
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=86400");
        try (InputStream in = GraphiQlRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                res.status(Status.NOT_FOUND_404).send();
                return;
            }
            res.send(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = GraphiQlRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

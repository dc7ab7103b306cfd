package io.draftnrun.archfixture.adapter.in.graphql;

/** A GraphQL class the transport wrongly depends on (the allowed direction is graphql to http, never back). */
public class GraphQlThing {
    io.draftnrun.archfixture.adapter.in.http.Transport transport; // allowed: a protocol on its transport
}

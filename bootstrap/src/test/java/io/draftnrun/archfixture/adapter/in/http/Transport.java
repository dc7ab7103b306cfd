package io.draftnrun.archfixture.adapter.in.http;

/** Violates rule 4 against its listed exception: the transport names the GraphQL adapter (ADR 0024). */
public class Transport {
    io.draftnrun.archfixture.adapter.in.graphql.GraphQlThing graphQl;
}

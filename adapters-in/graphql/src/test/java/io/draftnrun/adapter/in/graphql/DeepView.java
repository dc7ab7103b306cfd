package io.draftnrun.adapter.in.graphql;

/** The test-only schema's {@code Deep} ({@code graphql/testonly.graphqls}); its {@code next} is wired per test. */
record DeepView(String name) {}

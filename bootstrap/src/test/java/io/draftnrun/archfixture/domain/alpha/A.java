package io.draftnrun.archfixture.domain.alpha;

/** With beta.B, violates rule 5a: a cycle between domain slices. */
public class A {
    io.draftnrun.archfixture.domain.beta.B b;
}

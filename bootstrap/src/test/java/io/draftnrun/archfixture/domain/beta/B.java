package io.draftnrun.archfixture.domain.beta;

/** With alpha.A, violates rule 5a. */
public class B {
    io.draftnrun.archfixture.domain.alpha.A a;
}

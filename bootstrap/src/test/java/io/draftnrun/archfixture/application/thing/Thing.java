package io.draftnrun.archfixture.application.thing;

/** With other.Other, violates rule 5b: a cycle between application slices. */
public class Thing {
    io.draftnrun.archfixture.application.other.Other other;
}

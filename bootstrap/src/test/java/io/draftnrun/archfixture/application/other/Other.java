package io.draftnrun.archfixture.application.other;

/** With thing.Thing, violates rule 5b: a cycle between application slices. */
public class Other {
    io.draftnrun.archfixture.application.thing.Thing thing;
}

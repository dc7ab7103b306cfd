package io.draftnrun.archfixture.application.thing.port;

/** Violates rule 7: a class in a port package. */
public class NotAnInterface {}

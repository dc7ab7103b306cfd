package io.draftnrun.archfixture.domain;

import io.draftnrun.archfixture.application.AppService;

/** Violates rule 1: the domain uses the application. */
public class DomainLeak {
    AppService service;
}

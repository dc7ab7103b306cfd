package io.draftnrun.archfixture.adapter.out.cache;

/** The adapter DbAdapter wrongly depends on. */
public class CacheAdapter {}

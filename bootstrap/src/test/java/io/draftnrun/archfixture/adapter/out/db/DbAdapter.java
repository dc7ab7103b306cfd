package io.draftnrun.archfixture.adapter.out.db;

import io.draftnrun.archfixture.adapter.out.cache.CacheAdapter;

/** Violates rule 4: one adapter uses another. */
public class DbAdapter {
    CacheAdapter cache;
}

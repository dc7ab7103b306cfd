package io.draftnrun.archfixture.application;

import io.draftnrun.archfixture.adapter.out.db.DbAdapter;

/** Violates rules 2 and 3: the application uses an adapter; also part of the 5b cycle with thing.Thing. */
public class AppService {
    DbAdapter adapter;
    io.draftnrun.archfixture.application.thing.Thing thing;
}

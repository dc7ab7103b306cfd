/**
 * The executable: configuration (environment, then {@code credentials.env}), subcommands ({@code serve},
 * {@code worker}, {@code migrate}, {@code seed}, {@code dev}), embedded infrastructure for {@code dev}, and the
 * constructor wiring of ports to adapters. Nothing else depends on this module.
 */
package io.draftnrun.bootstrap;

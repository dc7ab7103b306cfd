/**
 * The pure model of Draft'n run: organizations, projects, graphs, the component catalog, runs, knowledge and
 * traces. Nothing here depends on anything but the JDK; feature slices are sub-packages.
 */
package io.draftnrun.domain;

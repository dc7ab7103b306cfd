/**
 * Planted violations of the architecture rules, one or more per rule: ArchitectureTest proves every rule catches
 * them, so no rule passes vacuously. Never imported by production code.
 */
package io.draftnrun.archfixture;

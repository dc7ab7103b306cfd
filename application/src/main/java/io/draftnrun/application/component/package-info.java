/**
 * The component catalog as the application sees it: {@link io.draftnrun.application.component.ComponentCatalog}, built
 * at startup from the definition factories of the built-in components, filtered by release stage per organization,
 * and the reads of the catalog and of the selectable LLM models.
 */
package io.draftnrun.application.component;

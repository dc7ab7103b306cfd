/**
 * The built-in components, one sub-package per family (io, llm, agent, rag, sql, tools): each has a
 * {@link io.draftnrun.application.runtime.ComponentBehaviour} holding its catalog definition and building its
 * runnable instances.
 */
package io.draftnrun.application.components;

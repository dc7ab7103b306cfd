/** The built-in components, one sub-package per family (io, agent, llm, rag, sql, tools). */
package io.draftnrun.application.components;

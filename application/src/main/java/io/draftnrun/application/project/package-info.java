/**
 * Use cases of projects and their graph versions: create (with a first draft holding an Input start node, or a copy
 * of a template's production graph), update, delete, save the draft (validated, all-or-nothing, refused when stale),
 * deploy the draft to production, roll production back to a history version, and the reads of projects, graphs
 * and templates. Every use case checks the actor's right in the project's organization; a project of an
 * organization the actor does not belong to is reported as not found, so its existence is not revealed.
 */
package io.draftnrun.application.project;

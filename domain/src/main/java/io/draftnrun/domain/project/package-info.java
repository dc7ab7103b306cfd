/**
 * Projects (organization-scoped) and the binding of their graph versions: exactly one draft (edited by saves), at
 * most one production version (immutable, what API-key runs use) and the history of previously deployed versions.
 */
package io.draftnrun.domain.project;

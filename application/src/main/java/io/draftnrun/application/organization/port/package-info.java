/**
 * Outbound ports of the organization slice: identity (token verification, password hashing, local token issuing),
 * the repositories of users, organizations, API keys, refresh tokens and secrets, the secret cipher and the lookup of
 * which organization owns a project.
 */
package io.draftnrun.application.organization.port;

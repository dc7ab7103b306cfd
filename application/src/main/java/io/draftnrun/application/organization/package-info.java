/**
 * Use cases of the organization slice: sign-in and sessions of local accounts, authentication of bearer tokens and
 * API keys into an {@link io.draftnrun.domain.organization.Actor}, organizations and members, project API keys and
 * encrypted organization secrets. Every use case takes the actor first and checks its rights itself.
 */
package io.draftnrun.application.organization;

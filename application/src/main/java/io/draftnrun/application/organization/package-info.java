/**
 * Use cases of the organization slice: local accounts (sign-in and its throttle, sessions and refresh-token families,
 * invitations, one-time passwords, password changes, deletion), authentication of bearer tokens and API keys into an
 * {@link io.draftnrun.domain.organization.Actor}, organizations and members, project API keys and encrypted
 * organization secrets. Every use case takes the actor first and checks its rights itself (ADR 0005, 0013).
 */
package io.draftnrun.application.organization;

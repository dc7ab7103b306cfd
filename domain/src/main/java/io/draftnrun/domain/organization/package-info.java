/**
 * Organizations, their members and roles, the acting identity ({@link io.draftnrun.domain.organization.Actor}) and
 * the rights table every use case checks, with the visibility rule (non-members get NOT_FOUND); invitations, API keys
 * and organization secrets.
 */
package io.draftnrun.domain.organization;

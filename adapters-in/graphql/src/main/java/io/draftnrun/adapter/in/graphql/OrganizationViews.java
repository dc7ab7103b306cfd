package io.draftnrun.adapter.in.graphql;

import io.draftnrun.application.organization.Me;
import io.draftnrun.application.organization.SecretInfo;
import io.draftnrun.application.organization.Session;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.Invitation;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** The organization slice's views: one record per schema type, checked against the schema at start. */
final class OrganizationViews {
    private OrganizationViews() {}

    /** The schema types these records serve. */
    static final Map<String, Class<? extends Record>> TYPES = Map.ofEntries(
            Map.entry("Me", MeView.class),
            Map.entry("Membership", MembershipView.class),
            Map.entry("Organization", OrganizationView.class),
            Map.entry("Member", MemberView.class),
            Map.entry("SessionPayload", SessionPayloadView.class),
            Map.entry("ApiKey", ApiKeyView.class),
            Map.entry("CreateApiKeyPayload", CreateApiKeyPayloadView.class),
            Map.entry("OrganizationSecret", OrganizationSecretView.class),
            Map.entry("Invitation", InvitationView.class),
            Map.entry("InvitationPayload", InvitationPayloadView.class),
            Map.entry("AcceptInvitationPayload", AcceptInvitationPayloadView.class),
            Map.entry("CreateUserPayload", CreateUserPayloadView.class),
            Map.entry("DeleteOrganizationSecretPayload", DeleteOrganizationSecretPayloadView.class));

    /** {@code Me}: the signed-in user and the organizations it belongs to. */
    record MeView(String id, String email, boolean platformAdmin, List<MembershipView> memberships) {
        static MeView of(Me me) {
            return new MeView(
                    me.id().toString(),
                    me.email(),
                    me.platformAdmin(),
                    me.memberships().stream()
                            .map(m -> new MembershipView(
                                    OrganizationView.of(m.organization()),
                                    m.role().name()))
                            .toList());
        }
    }

    /** {@code Membership}. */
    record MembershipView(OrganizationView organization, String role) {}

    /** {@code Organization}. */
    record OrganizationView(String id, String name, OffsetDateTime createdAt) {
        static OrganizationView of(Organization o) {
            return new OrganizationView(o.id().toString(), o.name(), Fetchers.time(o.createdAt()));
        }
    }

    /** {@code Member}. */
    record MemberView(String userId, String email, String role, OffsetDateTime since) {
        static MemberView of(Member m) {
            return new MemberView(m.userId().toString(), m.email(), m.role().name(), Fetchers.time(m.since()));
        }
    }

    /** {@code SessionPayload}: tokens of a signed-in session ({@code tokenType} is always {@code Bearer}). */
    record SessionPayloadView(
            String userId,
            String accessToken,
            OffsetDateTime accessTokenExpiresAt,
            String refreshToken,
            String tokenType) {
        static SessionPayloadView of(Session s) {
            return new SessionPayloadView(
                    s.userId().toString(),
                    s.accessToken(),
                    Fetchers.time(s.accessTokenExpiresAt()),
                    s.refreshToken(),
                    "Bearer");
        }
    }

    /** {@code ApiKey}: a project API key as listed, never the key itself. */
    record ApiKeyView(
            String id,
            String name,
            String projectId,
            String creatorId,
            OffsetDateTime createdAt,
            boolean active,
            OffsetDateTime revokedAt) {
        static ApiKeyView of(ApiKey k) {
            return new ApiKeyView(
                    k.id().toString(),
                    k.name(),
                    k.projectId().toString(),
                    k.creator().toString(),
                    Fetchers.time(k.createdAt()),
                    k.active(),
                    Fetchers.time(k.revokedAt()));
        }
    }

    /** {@code CreateApiKeyPayload}: the key, shown once. */
    record CreateApiKeyPayloadView(ApiKeyView apiKey, String key) {}

    /** {@code OrganizationSecret}: a secret's name and type, never its value. */
    record OrganizationSecretView(String key, String type, OffsetDateTime updatedAt) {
        static OrganizationSecretView of(SecretInfo s) {
            return new OrganizationSecretView(s.key().value(), s.type().name(), Fetchers.time(s.updatedAt()));
        }
    }

    /** {@code Invitation}. */
    record InvitationView(
            String id,
            String organizationId,
            String email,
            String role,
            String invitedBy,
            OffsetDateTime createdAt,
            OffsetDateTime expiresAt) {
        static InvitationView of(Invitation i) {
            return new InvitationView(
                    i.id().toString(),
                    i.organization().toString(),
                    i.email(),
                    i.role().name(),
                    i.invitedBy().toString(),
                    Fetchers.time(i.createdAt()),
                    Fetchers.time(i.expiresAt()));
        }
    }

    /** {@code InvitationPayload}: the invitation and its token, shown once. */
    record InvitationPayloadView(InvitationView invitation, String token) {}

    /** {@code AcceptInvitationPayload}; {@code session} only when the invitation created the account. */
    record AcceptInvitationPayloadView(OrganizationView organization, MemberView member, SessionPayloadView session) {}

    /** {@code CreateUserPayload}: the member and its one-time password, shown once. */
    record CreateUserPayloadView(MemberView member, String oneTimePassword) {}

    /** {@code DeleteOrganizationSecretPayload}. */
    record DeleteOrganizationSecretPayloadView(String organizationId, String key) {}
}

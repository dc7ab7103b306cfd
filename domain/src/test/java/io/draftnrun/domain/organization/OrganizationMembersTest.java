package io.draftnrun.domain.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrganizationMembersTest {
    private final OrganizationId org = new OrganizationId(UUID.randomUUID());
    private final UserId alice = new UserId(UUID.randomUUID());
    private final UserId bob = new UserId(UUID.randomUUID());
    private final OrganizationMembers one =
            OrganizationMembers.of(org, List.of(new Member(alice, "a@x", Role.ADMIN, Instant.EPOCH)));

    @Test
    void theLastAdminCannotBeRemovedOrDemoted() {
        assertThatThrownBy(() -> one.remove(alice))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
        assertThatThrownBy(() -> one.changeRole(alice, Role.MEMBER))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
    }

    @Test
    void anAdminCanLeaveOnceAnotherAdminExists() {
        OrganizationMembers two = one.add(bob, "b@x", Role.SUPER_ADMIN, Instant.EPOCH);
        assertThat(two.remove(alice).members()).containsOnlyKeys(bob);
        assertThat(one.members()).containsOnlyKeys(alice);
    }

    @Test
    void addingAMemberTwiceIsAConflict() {
        assertThatThrownBy(() -> one.add(alice, "a@x", Role.MEMBER, Instant.EPOCH))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void rightsFollowTheReferenceTable() {
        Actor member = Actor.user(bob, "b@x", java.util.Map.of(org, Role.MEMBER), false);
        assertThat(member.has(org, Right.READER)).isTrue();
        assertThat(member.has(org, Right.WRITER)).isFalse();
        Actor developer = Actor.user(bob, "b@x", java.util.Map.of(org, Role.DEVELOPER), false);
        assertThat(developer.has(org, Right.WRITER)).isTrue();
        assertThat(developer.has(org, Right.ADMIN)).isFalse();
        Actor platform = Actor.user(alice, "a@x", java.util.Map.of(), true);
        assertThat(platform.has(new OrganizationId(UUID.randomUUID()), Right.SUPER_ADMIN))
                .isTrue();
    }

    @Test
    void secretKeysAndOrganizationNamesAreValidated() {
        assertThatThrownBy(() -> new SecretKey("has space")).isInstanceOf(DomainException.class);
        assertThat(new SecretKey("openai_api_key").value()).isEqualTo("openai_api_key");
        assertThatThrownBy(() -> new Organization(org, "  ", Instant.EPOCH)).isInstanceOf(DomainException.class);
    }
}

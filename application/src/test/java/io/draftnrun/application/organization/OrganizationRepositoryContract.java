package io.draftnrun.application.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.OrganizationMembers;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every organization repository does: creates an organization with its first member at once, finds it (empty when
 * unknown), changes members under the last-admin rule writing nothing when a change fails, reads a member's e-mail from
 * the user's account, and keeps each organization's members apart. The users are those of {@link #users()}.
 */
public abstract class OrganizationRepositoryContract {
    protected abstract OrganizationRepository organizations();

    protected abstract UserRepository users();

    protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    protected UserId newUser(String name) {
        UserId id = new UserId(UUID.randomUUID());
        users().create(new UserAccount(id, name + "-" + id.value() + "@x.io", Optional.of("$2a$hash"), false, now));
        return id;
    }

    protected OrganizationId newOrganization(String name, UserId admin) {
        OrganizationId id = new OrganizationId(UUID.randomUUID());
        organizations().create(new Organization(id, name, now), new Member(admin, "", Role.ADMIN, now));
        return id;
    }

    private static ErrorCode codeOf(Throwable e) {
        return ((DomainException) e).code();
    }

    @Test
    void anOrganizationIsCreatedWithItsFirstMember() {
        UserId admin = newUser("admin");
        OrganizationId org = newOrganization("Acme", admin);

        assertThat(organizations().find(org)).contains(new Organization(org, "Acme", now));
        OrganizationMembers members = organizations().members(org);
        assertThat(members.organization()).isEqualTo(org);
        assertThat(members.members()).containsOnlyKeys(admin);
        Member first = members.find(admin).orElseThrow();
        assertThat(first.role()).isEqualTo(Role.ADMIN);
        assertThat(first.since()).isEqualTo(now);
        assertThat(first.email())
                .as("the e-mail is the account's")
                .isEqualTo(users().findById(admin).orElseThrow().email());

        assertThat(organizations().find(new OrganizationId(UUID.randomUUID()))).isEmpty();
        assertThat(organizations()
                        .members(new OrganizationId(UUID.randomUUID()))
                        .members())
                .isEmpty();
    }

    @Test
    void findAllReturnsTheKnownOnesAndAllListsEveryOrganization() {
        UserId admin = newUser("admin");
        OrganizationId a = newOrganization("A", admin);
        OrganizationId b = newOrganization("B", admin);
        OrganizationId c = newOrganization("C", admin);

        assertThat(organizations().findAll(List.of(a, c, new OrganizationId(UUID.randomUUID()))))
                .extracting(Organization::id)
                .containsExactlyInAnyOrder(a, c);
        assertThat(organizations().findAll(List.of())).isEmpty();
        assertThat(organizations().all()).extracting(Organization::id).contains(a, b, c);
    }

    @Test
    void membersChangeUnderTheLastAdminRuleAndAFailedChangeWritesNothing() {
        UserId admin = newUser("admin");
        UserId dev = newUser("dev");
        OrganizationId org = newOrganization("Acme", admin);

        OrganizationMembers added =
                organizations().modifyMembers(org, m -> m.add(dev, "", Role.DEVELOPER, now.plusSeconds(1)));
        assertThat(added.find(dev).orElseThrow().role()).isEqualTo(Role.DEVELOPER);
        OrganizationMembers stored = organizations().members(org);
        assertThat(stored.find(dev).orElseThrow().email())
                .isEqualTo(users().findById(dev).orElseThrow().email());

        assertThatThrownBy(() -> organizations().modifyMembers(org, m -> m.remove(admin)))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.FAILED_PRECONDITION));
        assertThatThrownBy(() -> organizations().modifyMembers(org, m -> m.add(dev, "", Role.USER, now)))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> organizations().modifyMembers(org, m -> {
                    throw new IllegalStateException("changed my mind");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(organizations().members(org)).isEqualTo(stored);

        OrganizationMembers swapped = organizations()
                .modifyMembers(org, m -> m.changeRole(dev, Role.ADMIN).remove(admin));
        assertThat(swapped.members()).containsOnlyKeys(dev);
        assertThat(swapped.find(dev).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(organizations().members(org).members()).containsOnlyKeys(dev);
        assertThat(organizations().members(org).find(dev).orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void membersOfAnUnknownOrganizationCannotChange() {
        UserId dev = newUser("dev");
        assertThatThrownBy(() -> organizations()
                        .modifyMembers(new OrganizationId(UUID.randomUUID()), m -> m.add(dev, "", Role.USER, now)))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void oneOrganizationsMembersAreNotAnothers() {
        UserId admin = newUser("admin");
        UserId other = newUser("other");
        OrganizationId mine = newOrganization("Mine", admin);
        OrganizationId theirs = newOrganization("Theirs", other);
        organizations().modifyMembers(theirs, m -> m.add(admin, "", Role.USER, now));

        assertThat(organizations().members(mine).members()).containsOnlyKeys(admin);
        assertThat(organizations().members(mine).find(admin).orElseThrow().role())
                .isEqualTo(Role.ADMIN);
        assertThat(organizations().members(theirs).members()).containsOnlyKeys(other, admin);
        assertThat(organizations().members(theirs).find(admin).orElseThrow().role())
                .isEqualTo(Role.USER);
    }

    @Test
    void aNewUserIsCreatedAndAddedAtOnceOrNotAtAll() {
        UserId admin = newUser("admin");
        OrganizationId org = newOrganization("Acme", admin);
        UserId fresh = new UserId(UUID.randomUUID());
        String email = "fresh-" + fresh.value() + "@x.io";
        Member member = organizations()
                .addNewUser(org, new UserAccount(fresh, email, Optional.of("$2a$x"), false, now), Role.DEVELOPER, now);
        assertThat(member).isEqualTo(new Member(fresh, email, Role.DEVELOPER, now));
        assertThat(organizations().members(org).find(fresh)).contains(member);
        assertThat(users().findByEmail(email)).map(UserAccount::id).contains(fresh);

        UserId clash = new UserId(UUID.randomUUID());
        assertThatThrownBy(() -> organizations()
                        .addNewUser(org, new UserAccount(clash, email, Optional.empty(), false, now), Role.USER, now))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
        assertThat(users().findById(clash)).isEmpty();
        assertThat(organizations().members(org).find(clash)).isEmpty();

        UserId orphan = new UserId(UUID.randomUUID());
        String orphanEmail = "orphan-" + orphan.value() + "@x.io";
        assertThatThrownBy(() -> organizations()
                        .addNewUser(
                                new OrganizationId(UUID.randomUUID()),
                                new UserAccount(orphan, orphanEmail, Optional.empty(), false, now),
                                Role.USER,
                                now))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(users().findById(orphan)).isEmpty();
        assertThat(users().findByEmail(orphanEmail)).isEmpty();
    }
}

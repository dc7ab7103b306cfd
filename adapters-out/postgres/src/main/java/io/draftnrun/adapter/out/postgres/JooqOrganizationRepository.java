package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.ORGANIZATIONS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.ORGANIZATION_MEMBERS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.USERS;

import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.OrganizationMembers;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Organizations and memberships in the backend database; member changes lock the organization row. */
public final class JooqOrganizationRepository implements OrganizationRepository {
    private final DSLContext dsl;

    public JooqOrganizationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void create(Organization organization, Member firstMember) {
        dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            t.insertInto(ORGANIZATIONS)
                    .set(ORGANIZATIONS.ID, organization.id().value())
                    .set(ORGANIZATIONS.NAME, organization.name())
                    .set(ORGANIZATIONS.CREATED_AT, organization.createdAt().atOffset(ZoneOffset.UTC))
                    .execute();
            insertMember(t, organization.id(), firstMember);
        });
    }

    private static void insertMember(DSLContext t, OrganizationId organization, Member member) {
        t.insertInto(ORGANIZATION_MEMBERS)
                .set(ORGANIZATION_MEMBERS.ORGANIZATION_ID, organization.value())
                .set(ORGANIZATION_MEMBERS.USER_ID, member.userId().value())
                .set(ORGANIZATION_MEMBERS.ROLE, member.role().wireName())
                .set(ORGANIZATION_MEMBERS.CREATED_AT, member.since().atOffset(ZoneOffset.UTC))
                .execute();
    }

    @Override
    public Optional<Organization> find(OrganizationId id) {
        return dsl.selectFrom(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.eq(id.value()))
                .fetchOptional()
                .map(r -> new Organization(
                        new OrganizationId(r.getId()),
                        r.getName(),
                        r.getCreatedAt().toInstant()));
    }

    @Override
    public List<Organization> findAll(Collection<OrganizationId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return dsl.selectFrom(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.in(
                        ids.stream().map(OrganizationId::value).toList()))
                .fetch(r -> new Organization(
                        new OrganizationId(r.getId()),
                        r.getName(),
                        r.getCreatedAt().toInstant()));
    }

    @Override
    public List<Organization> all() {
        return dsl.selectFrom(ORGANIZATIONS)
                .orderBy(ORGANIZATIONS.NAME)
                .limit(10_000)
                .fetch(r -> new Organization(
                        new OrganizationId(r.getId()),
                        r.getName(),
                        r.getCreatedAt().toInstant()));
    }

    @Override
    public OrganizationMembers members(OrganizationId organization) {
        return load(dsl, organization);
    }

    /** The members of an organization, read in {@code t} (the caller's transaction). */
    static OrganizationMembers load(DSLContext t, OrganizationId organization) {
        List<Member> members = t.select(
                        ORGANIZATION_MEMBERS.USER_ID,
                        USERS.EMAIL,
                        ORGANIZATION_MEMBERS.ROLE,
                        ORGANIZATION_MEMBERS.CREATED_AT)
                .from(ORGANIZATION_MEMBERS)
                .leftJoin(USERS)
                .on(USERS.ID.eq(ORGANIZATION_MEMBERS.USER_ID))
                .where(ORGANIZATION_MEMBERS.ORGANIZATION_ID.eq(organization.value()))
                .orderBy(ORGANIZATION_MEMBERS.CREATED_AT, ORGANIZATION_MEMBERS.USER_ID)
                .fetch(JooqOrganizationRepository::toMember);
        return OrganizationMembers.of(organization, members);
    }

    private static Member toMember(Record r) {
        return new Member(
                new UserId(r.get(ORGANIZATION_MEMBERS.USER_ID)),
                r.get(USERS.EMAIL),
                Role.fromWireName(r.get(ORGANIZATION_MEMBERS.ROLE)),
                r.get(ORGANIZATION_MEMBERS.CREATED_AT).toInstant());
    }

    @Override
    public OrganizationMembers modifyMembers(OrganizationId organization, UnaryOperator<OrganizationMembers> change) {
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            boolean exists = t.selectOne()
                    .from(ORGANIZATIONS)
                    .where(ORGANIZATIONS.ID.eq(organization.value()))
                    .forUpdate()
                    .fetchOptional()
                    .isPresent();
            if (!exists) {
                throw DomainException.notFound("organization");
            }
            OrganizationMembers before = load(t, organization);
            OrganizationMembers after = change.apply(before);
            for (Member old : before.members().values()) {
                Optional<Member> now = after.find(old.userId());
                if (now.isEmpty()) {
                    t.deleteFrom(ORGANIZATION_MEMBERS)
                            .where(ORGANIZATION_MEMBERS.ORGANIZATION_ID.eq(organization.value()))
                            .and(ORGANIZATION_MEMBERS.USER_ID.eq(old.userId().value()))
                            .execute();
                } else if (now.get().role() != old.role()) {
                    t.update(ORGANIZATION_MEMBERS)
                            .set(ORGANIZATION_MEMBERS.ROLE, now.get().role().wireName())
                            .where(ORGANIZATION_MEMBERS.ORGANIZATION_ID.eq(organization.value()))
                            .and(ORGANIZATION_MEMBERS.USER_ID.eq(old.userId().value()))
                            .execute();
                }
            }
            for (Member added : after.members().values()) {
                if (before.find(added.userId()).isEmpty()) {
                    insertMember(t, organization, added);
                }
            }
            return after;
        });
    }

    @Override
    public Member addNewUser(OrganizationId organization, UserAccount account, Role role, Instant at) {
        return dsl.transactionResult(tx -> {
            new JooqUserRepository(tx.dsl()).create(account);
            return new JooqOrganizationRepository(tx.dsl())
                    .modifyMembers(organization, m -> m.add(account.id(), account.email(), role, at))
                    .find(account.id())
                    .orElseThrow();
        });
    }
}

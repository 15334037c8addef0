package chant.spec.grpc;

import chant.spec.access.Access;
import chant.spec.access.Member;
import chant.spec.access.Members;
import chant.spec.auth.TokenIssuing;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.auth.grpc.CurrentPrincipal;
import chant.support.auth.issuer.MintedToken;
import chant.support.failure.InvalidRequestException;
import chant.support.grpc.UndecodableRequests;
import chant.support.time.Timestamps;
import chant.v1.CreateRunTokenRequest;
import chant.v1.CreateRunTokenResponse;
import chant.v1.CreateTokenRequest;
import chant.v1.CreateTokenResponse;
import chant.v1.ListMembersRequest;
import chant.v1.ListMembersResponse;
import chant.v1.MutinyAuthServiceGrpc;
import chant.v1.ProjectGrant;
import chant.v1.RemoveMemberRequest;
import chant.v1.RemoveMemberResponse;
import chant.v1.SetMemberRequest;
import chant.v1.SetMemberResponse;
import chant.v1.WhoAmIRequest;
import chant.v1.WhoAmIResponse;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/** chant.v1.AuthService over {@link Access}, {@link Members} and {@link TokenIssuing}. */
@GrpcService
@Blocking
public class AuthGrpcService extends MutinyAuthServiceGrpc.AuthServiceImplBase {

    /** The generated binding, guarded against request messages that cannot be decoded. */
    @Override
    public ServerServiceDefinition bindService() {
        return UndecodableRequests.guard(super.bindService());
    }

    @Inject
    Access access;

    @Inject
    Members members;

    @Inject
    TokenIssuing tokens;

    @Override
    public Uni<WhoAmIResponse> whoAmI(WhoAmIRequest request) {
        Principal principal = CurrentPrincipal.get();
        TokenFacts facts = TokenFacts.current();
        return Uni.createFrom().item(() -> {
            WhoAmIResponse.Builder response = WhoAmIResponse.newBuilder()
                    .setSubject(principal.subject())
                    .setKind(ProtoEnums.PRINCIPAL_KIND.toProto(principal.kind()))
                    .setPlatformAdmin(principal.platformAdmin())
                    .setIssuer(facts.issuer());
            access.rolesOf(principal).forEach((project, role) -> response.addRoles(grant(project, role)));
            principal.runScope().ifPresent(scope -> response.setRunId(scope.runId()).setRunProject(scope.project())
                    .setRunSpecId(scope.specId()));
            facts.expiresAt().ifPresent(at -> response.setExpireTime(Timestamps.toProto(at)));
            return response.build();
        });
    }

    @Override
    public Uni<CreateTokenResponse> createToken(CreateTokenRequest request) {
        return Uni.createFrom().item(() -> {
            Map<String, Role> roles = new LinkedHashMap<>();
            for (ProjectGrant grant : request.getRolesList()) {
                if (roles.put(grant.getProject(), role(grant.getRole())) != null) {
                    throw new InvalidRequestException("roles names project " + grant.getProject()
                            + " twice: give one role per project");
                }
            }
            MintedToken minted = tokens.create(new TokenIssuing.TokenRequest(request.getSubject(), request.getService(),
                    roles, request.getPlatformAdmin(), request.getTtlSeconds()), CurrentPrincipal.get());
            return CreateTokenResponse.newBuilder().setToken(minted.token()).setTokenId(minted.jti())
                    .setExpireTime(Timestamps.toProto(minted.expiresAt())).build();
        });
    }

    @Override
    public Uni<CreateRunTokenResponse> createRunToken(CreateRunTokenRequest request) {
        return Uni.createFrom().item(() -> {
            MintedToken minted = tokens.createRun(request.getRunId(), request.getProject(), request.getSpecId(),
                    request.getTtlSeconds(), CurrentPrincipal.get());
            return CreateRunTokenResponse.newBuilder().setToken(minted.token()).setTokenId(minted.jti())
                    .setExpireTime(Timestamps.toProto(minted.expiresAt())).build();
        });
    }

    @Override
    public Uni<ListMembersResponse> listMembers(ListMembersRequest request) {
        return Uni.createFrom().item(() -> ListMembersResponse.newBuilder()
                .addAllMembers(members.list(request.getProject(), CurrentPrincipal.get()).stream()
                        .map(AuthGrpcService::toProto).toList())
                .build());
    }

    @Override
    public Uni<SetMemberResponse> setMember(SetMemberRequest request) {
        return Uni.createFrom().item(() -> SetMemberResponse.newBuilder()
                .setMember(toProto(members.set(request.getProject(), request.getSubject(), role(request.getRole()),
                        CurrentPrincipal.get())))
                .build());
    }

    @Override
    public Uni<RemoveMemberResponse> removeMember(RemoveMemberRequest request) {
        return Uni.createFrom().item(() -> RemoveMemberResponse.newBuilder()
                .setRemoved(members.remove(request.getProject(), request.getSubject(), CurrentPrincipal.get()))
                .build());
    }

    /** A role a request names; unspecified is a mistake here (every grant names its role). */
    private static Role role(chant.v1.ProjectRole role) {
        Role domain = ProtoEnums.PROJECT_ROLE.toDomain(role);
        if (domain == null) {
            throw new InvalidRequestException("role is unspecified: give viewer, member, approver or admin");
        }
        return domain;
    }

    private static ProjectGrant grant(String project, Role role) {
        return ProjectGrant.newBuilder().setProject(project).setRole(ProtoEnums.PROJECT_ROLE.toProto(role)).build();
    }

    private static chant.v1.Member toProto(Member member) {
        return chant.v1.Member.newBuilder().setSubject(member.subject())
                .setRole(ProtoEnums.PROJECT_ROLE.toProto(member.role()))
                .setGrantedBy(member.grantedBy())
                .setGrantTime(Timestamps.toProto(member.grantedAt()))
                .build();
    }
}

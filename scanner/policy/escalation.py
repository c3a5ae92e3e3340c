"""Documented IAM privilege-escalation methods, judged over effective permissions.

The methods are those catalogued by Rhino Security Labs ("AWS IAM Privilege Escalation -
Methods and Mitigation", 21 methods) and pathfinding.cloud (Datadog's catalogue of AWS
privilege-escalation paths), each as the actions that make it: every group must be
allowed (any one action of a group suffices). Judged with ``Permissions.allows``, so an
explicit Deny anywhere in the principal's policies removes a method.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.policy.evaluate import Grant, Permissions

RHINO = "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/"
PATHFINDING = "https://pathfinding.cloud"


@dataclass(frozen=True)
class Method:
    """One escalation method: id, what it does, the action groups it needs, its source."""

    id: str
    title: str
    requires: tuple[tuple[str, ...], ...]
    source: str = RHINO


def _m(id_: str, title: str, *groups: tuple[str, ...] | str, source: str = RHINO) -> Method:
    return Method(id_, title, tuple((g,) if isinstance(g, str) else g for g in groups), source)


_PASS = "iam:PassRole"  # noqa: S105 (an action name)
METHODS: tuple[Method, ...] = (
    _m("create-policy-version", "create a new default version of a managed policy",
       "iam:CreatePolicyVersion"),
    _m("set-default-policy-version", "switch a managed policy to a more permissive version",
       "iam:SetDefaultPolicyVersion"),
    _m("passrole-ec2", "launch an instance with a privileged role", _PASS,
       ("ec2:RunInstances", "ec2:RequestSpotInstances")),
    _m("create-access-key", "create access keys for another user", "iam:CreateAccessKey"),
    _m("create-login-profile", "set a console password for a user without one",
       "iam:CreateLoginProfile"),
    _m("update-login-profile", "change another user's console password",
       "iam:UpdateLoginProfile"),
    _m("attach-user-policy", "attach any managed policy to a user", "iam:AttachUserPolicy"),
    _m("attach-group-policy", "attach any managed policy to a group",
       "iam:AttachGroupPolicy"),
    _m("attach-role-policy", "attach any managed policy to a role", "iam:AttachRolePolicy"),
    _m("put-user-policy", "write an inline policy on a user", "iam:PutUserPolicy"),
    _m("put-group-policy", "write an inline policy on a group", "iam:PutGroupPolicy"),
    _m("put-role-policy", "write an inline policy on a role", "iam:PutRolePolicy"),
    _m("add-user-to-group", "join a more privileged group", "iam:AddUserToGroup"),
    _m("update-assume-role-policy", "rewrite a role's trust policy and assume it",
       "iam:UpdateAssumeRolePolicy", "sts:AssumeRole"),
    _m("passrole-lambda-invoke", "create a function with a privileged role and invoke it",
       _PASS, "lambda:CreateFunction", ("lambda:InvokeFunction", "lambda:CreateFunctionUrlConfig")),
    _m("passrole-lambda-event-source", "create a function with a privileged role and "
       "trigger it from an event source", _PASS, "lambda:CreateFunction",
       "lambda:CreateEventSourceMapping"),
    _m("update-lambda-code", "replace the code of a function that runs with a role",
       "lambda:UpdateFunctionCode"),
    _m("passrole-glue-dev-endpoint", "create a Glue development endpoint with a role",
       _PASS, "glue:CreateDevEndpoint"),
    _m("update-glue-dev-endpoint", "add an SSH key to an existing Glue dev endpoint",
       "glue:UpdateDevEndpoint"),
    _m("passrole-cloudformation", "create a stack that runs with a privileged role",
       _PASS, "cloudformation:CreateStack"),
    _m("passrole-datapipeline", "create a pipeline that runs with a privileged role",
       _PASS, "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"),
    # --- beyond Rhino's 21, as catalogued by pathfinding.cloud
    _m("passrole-sagemaker-notebook", "create a notebook instance with a role and open it",
       _PASS, "sagemaker:CreateNotebookInstance",
       "sagemaker:CreatePresignedNotebookInstanceUrl", source=PATHFINDING),
    _m("sagemaker-presigned-url", "open an existing notebook instance that has a role",
       "sagemaker:CreatePresignedNotebookInstanceUrl", source=PATHFINDING),
    _m("passrole-codebuild", "create and start a build project with a role", _PASS,
       "codebuild:CreateProject", ("codebuild:StartBuild", "codebuild:StartBuildBatch"),
       source=PATHFINDING),
    _m("passrole-ecs-task", "register and run a task with a privileged task role", _PASS,
       "ecs:RegisterTaskDefinition", ("ecs:RunTask", "ecs:StartTask", "ecs:CreateService"),
       source=PATHFINDING),
    _m("passrole-glue-job", "create and run a Glue job with a role", _PASS,
       ("glue:CreateJob", "glue:UpdateJob"), ("glue:StartJobRun", "glue:CreateTrigger"),
       source=PATHFINDING),
    _m("passrole-autoscaling", "launch instances with a role through Auto Scaling", _PASS,
       ("autoscaling:CreateLaunchConfiguration", "ec2:CreateLaunchTemplate"),
       "autoscaling:CreateAutoScalingGroup", source=PATHFINDING),
    _m("passrole-apprunner", "create an App Runner service with an instance role", _PASS,
       "apprunner:CreateService", source=PATHFINDING),
    _m("update-lambda-configuration", "give an existing function a privileged role", _PASS,
       "lambda:UpdateFunctionConfiguration", source=PATHFINDING),
    _m("update-cloudformation-stack", "update a stack that runs with a service role",
       ("cloudformation:UpdateStack", "cloudformation:CreateChangeSet"),
       source=PATHFINDING),
    _m("ssm-send-command", "run commands on an instance that has a role",
       "ssm:SendCommand", source=PATHFINDING),
    _m("ssm-start-session", "open a shell on an instance that has a role",
       "ssm:StartSession", source=PATHFINDING),
    _m("ec2-instance-connect", "push an SSH key to an instance that has a role",
       "ec2-instance-connect:SendSSHPublicKey", source=PATHFINDING),
    _m("delete-permissions-boundary", "remove the permissions boundary that limits a user "
       "or role", ("iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary"),
       source=PATHFINDING),
    _m("put-permissions-boundary", "replace a permissions boundary with a looser one",
       ("iam:PutUserPermissionsBoundary", "iam:PutRolePermissionsBoundary"),
       source=PATHFINDING),
)  # fmt: skip


@dataclass(frozen=True)
class Path:
    """A method the principal holds, with the grant of each required action."""

    method: Method
    grants: tuple[Grant, ...]

    @property
    def conditional(self) -> bool:
        """Some required action is allowed only under conditions."""
        return any(g.conditional for g in self.grants)

    def describe(self) -> str:
        """``attach-user-policy (iam:AttachUserPolicy via policy X)``."""
        parts = ", ".join(f"{g.action} via {g.where}" for g in self.grants)
        suffix = " [conditional]" if self.conditional else ""
        return f"{self.method.id} ({parts}){suffix}"


def escalation_paths(permissions: Permissions) -> tuple[Path, ...]:
    """Every documented method the effective permissions allow, in catalogue order."""
    out = []
    for method in METHODS:
        grants = []
        for group in method.requires:
            grant = next((g for a in group if (g := permissions.allows(a)) is not None), None)
            if grant is None:
                break
            grants.append(grant)
        else:
            out.append(Path(method, tuple(grants)))
    return tuple(out)

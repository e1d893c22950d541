"""Three web servers behind a CLB load balancer with the credentials of the stack config, and one more
load balancer in each of two other accounts, through explicit providers (docs/python.md).

    npm install pulumi-backend-servers        # the plugin ships in the npm package
    pip install ./node_modules/pulumi-backend-servers/sdk/python
    pulumi config set --secret backend-servers:alicloudAccessKey <id>
    pulumi config set --secret backend-servers:alicloudSecretKey <secret>
    pulumi config set backend-servers:alicloudRegion cn-beijing
    pulumi config set loadBalancerId lb-... ; pulumi config set region cn-beijing
    pulumi config set shopALoadBalancerId lb-... ; pulumi config set shopBLoadBalancerId lb-...
    pulumi config set --secret accountAKeyId <id> ; pulumi config set --secret accountASecret <secret>   (and B)
    pulumi up
"""

import pulumi
import pulumi_backend_servers as backend_servers
from pulumi_backend_servers.alicloud import slb


def program():
    config = pulumi.Config()

    # The default provider: credentials from the `backend-servers:` stack config, else the environment.
    web = slb.BackendServerAttachment(
        "web",
        load_balancer_id=config.require("loadBalancerId"),
        backend_servers=[
            slb.BackendServerArgs(server_id="i-2zej4lxhjoq1icue6k00", weight=100),
            slb.BackendServerArgs(server_id="i-2zej4lxhjoq1icue6k01", weight=100),
            slb.BackendServerArgs(server_id="i-2zej4lxhjoq1icue6k02", weight=config.get_int("canaryWeight") or 10),
        ],
    )

    # Two more accounts, each with its own credentials: secrets in the program's config, and in state.
    for account, server in [("A", "i-2zej4lxhjoq1icue6k10"), ("B", "i-2zej4lxhjoq1icue6k20")]:
        provider = backend_servers.Provider(
            f"account{account}",
            alicloud_access_key=config.require_secret(f"account{account}KeyId"),
            alicloud_secret_key=config.require_secret(f"account{account}Secret"),
            alicloud_region=config.require("region"),
        )
        slb.BackendServerAttachment(
            f"shop{account}",
            load_balancer_id=config.require(f"shop{account}LoadBalancerId"),
            backend_servers=[slb.BackendServerArgs(server_id=server)],
            opts=pulumi.ResourceOptions(provider=provider),
        )

    pulumi.export("webMembers", web.backend_servers)


if __name__ == "__main__":
    program()

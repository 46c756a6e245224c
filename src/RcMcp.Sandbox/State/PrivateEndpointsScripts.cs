using System.Text.Json.Nodes;

namespace RcMcp.Sandbox.State;

/// <summary>
/// The scripts the API hands out for the customer's side of a private endpoint: they run in the customer's own AWS or
/// Google Cloud account, never in Redis Cloud.
/// </summary>
internal static class PrivateEndpointsScripts
{
    /// <summary>The resource of getPrivateLinkEndpointScript.</summary>
    public static JsonObject PrivateLinkEndpoint(PrivateLinkService link)
    {
        var databases = string.Join("\n", link.Scope.Subscription.Databases.Select(d => $"#   database {d.Id}: {link.RlEndpoint(d)}:{d.Port}"));
        var principals = string.Join(", ", link.Principals.Select(p => p.Principal));
        var tags = $"ResourceType=vpc-endpoint,Tags=[{{Key=Name,Value=redis-cloud-{link.Scope.Subscription.Id}}}]";
        var script = $$"""
            #!/bin/bash
            # Redis Cloud PrivateLink for {{link.Scope}}: connects one of your VPCs to resource share {{link.ShareName}}.
            # Run it in AWS CloudShell, or any shell where the aws CLI is signed in to the AWS account of a principal
            # ({{principals}}), in region {{link.Region}}.
            set -euo pipefail
            REGION="{{link.Region}}"
            VPC_ID="${VPC_ID:?set VPC_ID to the VPC that needs the databases}"
            SUBNET_IDS="${SUBNET_IDS:?set SUBNET_IDS to subnets of that VPC, separated by spaces}"
            SECURITY_GROUP_ID="${SECURITY_GROUP_ID:?set SECURITY_GROUP_ID to a security group that allows the database ports}"

            # 1. Accept the resource share (skipped when your AWS Organization shares automatically).
            INVITATION_ARN=$(aws ram get-resource-share-invitations --region "$REGION" \
              --resource-share-arns "{{link.ShareArn}}" \
              --query "resourceShareInvitations[?status=='PENDING'].resourceShareInvitationArn" --output text)
            if [ -n "$INVITATION_ARN" ] && [ "$INVITATION_ARN" != "None" ]; then
              aws ram accept-resource-share-invitation --region "$REGION" --resource-share-invitation-arn "$INVITATION_ARN"
            fi

            # 2. Create the resource VPC endpoint to the Redis Cloud resource configuration.
            aws ec2 create-vpc-endpoint --region "$REGION" --vpc-endpoint-type Resource \
              --vpc-id "$VPC_ID" --subnet-ids $SUBNET_IDS --security-group-ids "$SECURITY_GROUP_ID" \
              --resource-configuration-arn "{{link.ResourceConfigurationArn}}" \
              --tag-specifications "{{tags}}"

            # 3. From that VPC, connect to the databases on these addresses:
            {{databases}}
            """;
        return new JsonObject { ["resourceEndpointScript"] = script + "\n" };
    }

    /// <summary>The resource of getPscServiceEndpointCreationScript: bash, PowerShell and the names for Terraform.</summary>
    public static JsonObject PscCreation(PscService service, PscEndpoint endpoint)
    {
        var bash = $$"""
            #!/bin/bash
            # Redis Cloud Private Service Connect: endpoint {{endpoint.Id}} ({{endpoint.EndpointConnectionName}}) of {{service.Scope}}.
            # Run it in Google Cloud Shell, or any shell where gcloud is signed in with rights on project {{endpoint.GcpProjectId}}.
            set -euo pipefail
            PROJECT_ID="{{endpoint.GcpProjectId}}"
            REGION="{{service.Region}}"
            VPC="{{endpoint.GcpVpcName}}"
            SUBNET="{{endpoint.GcpVpcSubnetName}}"

            gcloud compute addresses create {{endpoint.AddressName}} --project="$PROJECT_ID" --region="$REGION" --subnet="$SUBNET"
            IP=$(gcloud compute addresses describe {{endpoint.AddressName}} --project="$PROJECT_ID" --region="$REGION" --format="value(address)")
            gcloud compute forwarding-rules create {{endpoint.ForwardingRuleName}} --project="$PROJECT_ID" --region="$REGION" \
              --network="$VPC" --address={{endpoint.AddressName}} \
              --target-service-attachment={{service.ServiceAttachmentName}}
            gcloud dns managed-zones create {{endpoint.ZoneName}} --project="$PROJECT_ID" --description="Redis Cloud PSC {{service.Id}}" \
              --dns-name="{{service.ConnectionHostName}}." --visibility=private --networks="$VPC"
            gcloud dns record-sets create "{{service.ConnectionHostName}}." --project="$PROJECT_ID" --zone={{endpoint.ZoneName}} \
              --type=A --ttl=300 --rrdatas="$IP"
            """;
        var powershell = $$"""
            # Redis Cloud Private Service Connect: endpoint {{endpoint.Id}} ({{endpoint.EndpointConnectionName}}) of {{service.Scope}}.
            $ProjectId = "{{endpoint.GcpProjectId}}"
            $Region = "{{service.Region}}"
            gcloud compute addresses create {{endpoint.AddressName}} --project=$ProjectId --region=$Region --subnet={{endpoint.GcpVpcSubnetName}}
            $Ip = gcloud compute addresses describe {{endpoint.AddressName}} --project=$ProjectId --region=$Region --format="value(address)"
            gcloud compute forwarding-rules create {{endpoint.ForwardingRuleName}} --project=$ProjectId --region=$Region --network={{endpoint.GcpVpcName}} --address={{endpoint.AddressName}} --target-service-attachment={{service.ServiceAttachmentName}}
            gcloud dns managed-zones create {{endpoint.ZoneName}} --project=$ProjectId --description="Redis Cloud PSC {{service.Id}}" --dns-name="{{service.ConnectionHostName}}." --visibility=private --networks={{endpoint.GcpVpcName}}
            gcloud dns record-sets create "{{service.ConnectionHostName}}." --project=$ProjectId --zone={{endpoint.ZoneName}} --type=A --ttl=300 --rrdatas=$Ip
            """;
        return new JsonObject
        {
            ["script"] = new JsonObject
            {
                ["bash"] = bash + "\n",
                ["powershell"] = powershell + "\n",
                ["terraformGcp"] = new JsonObject
                {
                    ["serviceAttachments"] = new JsonArray(new JsonObject
                    {
                        ["name"] = service.ServiceAttachmentName,
                        ["dnsRecord"] = service.ConnectionHostName,
                        ["ipAddressName"] = endpoint.AddressName,
                        ["forwardingRuleName"] = endpoint.ForwardingRuleName,
                    }),
                },
            },
        };
    }

    /// <summary>The resource of getPscServiceEndpointDeletionScript.</summary>
    public static JsonObject PscDeletion(PscService service, PscEndpoint endpoint)
    {
        var bash = $$"""
            #!/bin/bash
            # Removes Redis Cloud Private Service Connect endpoint {{endpoint.Id}} ({{endpoint.EndpointConnectionName}}) of {{service.Scope}}
            # from project {{endpoint.GcpProjectId}}. Run it in Google Cloud Shell, or any shell where gcloud is signed in with rights on it.
            set -euo pipefail
            PROJECT_ID="{{endpoint.GcpProjectId}}"
            REGION="{{service.Region}}"

            gcloud dns record-sets delete "{{service.ConnectionHostName}}." --project="$PROJECT_ID" --zone={{endpoint.ZoneName}} --type=A --quiet
            gcloud dns managed-zones delete {{endpoint.ZoneName}} --project="$PROJECT_ID" --quiet
            gcloud compute forwarding-rules delete {{endpoint.ForwardingRuleName}} --project="$PROJECT_ID" --region="$REGION" --quiet
            gcloud compute addresses delete {{endpoint.AddressName}} --project="$PROJECT_ID" --region="$REGION" --quiet
            """;
        var powershell = $$"""
            # Removes Redis Cloud Private Service Connect endpoint {{endpoint.Id}} ({{endpoint.EndpointConnectionName}}) of {{service.Scope}}.
            $ProjectId = "{{endpoint.GcpProjectId}}"
            $Region = "{{service.Region}}"
            gcloud dns record-sets delete "{{service.ConnectionHostName}}." --project=$ProjectId --zone={{endpoint.ZoneName}} --type=A --quiet
            gcloud dns managed-zones delete {{endpoint.ZoneName}} --project=$ProjectId --quiet
            gcloud compute forwarding-rules delete {{endpoint.ForwardingRuleName}} --project=$ProjectId --region=$Region --quiet
            gcloud compute addresses delete {{endpoint.AddressName}} --project=$ProjectId --region=$Region --quiet
            """;
        return new JsonObject { ["script"] = new JsonObject { ["bash"] = bash + "\n", ["powershell"] = powershell + "\n" } };
    }
}

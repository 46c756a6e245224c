using System.Text.Json.Nodes;

namespace RcMcp.Sandbox.State;

/// <summary>
/// The scripts the API hands out for the customer's side of a Private Service Connect endpoint: they run in the
/// customer's own Google Cloud project, never in Redis Cloud.
/// </summary>
internal static class PrivateServiceConnectScripts
{
    /// <summary>The resource of getPscServiceEndpointCreationScript: bash, PowerShell and the names for Terraform.</summary>
    public static JsonObject Creation(PscService service, PscEndpoint endpoint)
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
    public static JsonObject Deletion(PscService service, PscEndpoint endpoint)
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

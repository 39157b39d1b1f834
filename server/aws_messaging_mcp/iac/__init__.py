"""Messaging policies in infrastructure as code: CloudFormation, CDK, Terraform.

    documents      JSON and YAML with positions, short-form tags, input limits
    intrinsics     CloudFormation functions resolved to placeholders
    placeholders   the stand-in account, Region, names and unknown values
    cloudformation a template (or CDK output) read into an Inventory
    terraform      a `terraform show -json` plan read into an Inventory
    inventory      policies, receivers, deliveries and keys, format-neutral
    delivery       does a policy let a service deliver for one source?
    scanner        each policy checked in context, then the cross-resource rules
    rules          the scanner's own rules (IACnnn) and their categories
    scanning       files and folders, or one document, to a report
    sarif          the report as SARIF 2.1.0

Importing this package is cheap: nothing here loads until used.
"""

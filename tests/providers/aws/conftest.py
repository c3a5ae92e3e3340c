import pytest
from moto import mock_aws

from providers.aws.session import AwsSession


@pytest.fixture
def aws_session(aws_env):
    with mock_aws():
        session = AwsSession.from_config(region="us-east-1", concurrency=4)
        yield session
        session.close()
